import bench from './comms.bench.js';
await bench.run();
