export { DOCKER_HUB, formatImageRef, isDockerHub, mirrorComponent, mirrorRef, normalizeImageRef, parseImageRef, parseMirror, repositoryOf, sameImage, taggableRef, type ImageRef } from './image-ref';
export { istioImagesOf, labImageInventory, proxyImageOf, type ImageNeed, type InventoryInputs } from './inventory';
export { createHostImages, DEFAULT_PULL_CONCURRENCY, findHostImage, type HostImage, type HostImages, type PullOptions, type PullProgress, type SaveOptions } from './host-images';
export { dockerErrorMessage, pullFailure, pullFailureReason, PullTracker, type PullEvent, type PullFailureReason } from './pull-progress';
export { loadIntoNodes, nodeHas, nodeImages, parseCrictlImages, type LoadIntoNodesOptions, type NodeStore } from './node-images';
export { createLabImages, imagePlatform, type LabImages } from './lab-images';
