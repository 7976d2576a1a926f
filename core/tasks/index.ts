export { TaskManager, type TaskContext, type TaskWork, type TaskManagerOptions } from './task-manager';
