import * as migration_20261127_173257_initial from './20261127_173257_initial';

export const migrations = [
  {
    up: migration_20261127_173257_initial.up,
    down: migration_20261127_173257_initial.down,
    name: '20261127_173257_initial'
  },
];
