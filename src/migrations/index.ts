import * as migration_20261127_184739_initial from './20261127_184739_initial';

export const migrations = [
  {
    up: migration_20261127_184739_initial.up,
    down: migration_20261127_184739_initial.down,
    name: '20261127_184739_initial'
  },
];
