// Access reviews and "who am I" (SelfSubjectAccessReview, SelfSubjectRulesReview,
// SelfSubjectReview): computed answers, never stored. The world authorizes everyone.
import type { UserInfo } from './resource-api.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { KubeObject } from './store.js';

/** Access reviews and "who am I": computed answers, never stored. Everyone may do anything. */
export function answerReview(type: ResourceType, version: string, body: KubeObject, user: UserInfo): KubeObject {
  const base = { apiVersion: apiVersionOf(type.group, version), kind: type.kind, metadata: { creationTimestamp: null } as unknown as KubeObject['metadata'] };
  switch (type.resource) {
    case 'selfsubjectaccessreviews':
      return { ...base, spec: body['spec'] ?? {}, status: { allowed: true, reason: 'the test world authorizes every authenticated user' } };
    case 'selfsubjectrulesreviews':
      return {
        ...base,
        spec: body['spec'] ?? {},
        status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
      };
    default:
      return { ...base, status: { userInfo: { username: user.username, groups: user.groups } } };
  }
}
