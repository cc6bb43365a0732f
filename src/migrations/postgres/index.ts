import * as migration_20261202_211958_initial from './20261202_211958_initial';

export const migrations = [
  {
    up: migration_20261202_211958_initial.up,
    down: migration_20261202_211958_initial.down,
    name: '20261202_211958_initial'
  },
];
