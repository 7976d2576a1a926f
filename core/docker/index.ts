export { createDockerEndpoint, candidateSockets, dockerOptionsFromHost, type DockerEndpoint } from './docker-client';
export { resolveDockerCliEndpoint, contextDirName, dockerConfigDir, type DockerCliEndpoint, type DockerCliInputs } from './docker-cli-endpoint';
export { inspectEngine, listKindNodes, dockerUnreachable, isDockerConnectionError, KIND_CLUSTER_LABEL, KIND_ROLE_LABEL, type EngineInfo, type KindNodeInfo, type PublishedPort } from './engine';
