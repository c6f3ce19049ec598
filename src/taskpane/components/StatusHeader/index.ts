export { StatusHeader } from './StatusHeader.js';
