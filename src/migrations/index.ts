import * as migration_20261127_182932_initial from './20261127_182932_initial';

export const migrations = [
  {
    up: migration_20261127_182932_initial.up,
    down: migration_20261127_182932_initial.down,
    name: '20261127_182932_initial'
  },
];
