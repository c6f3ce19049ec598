export { App, loadFirstData } from './App.js';
