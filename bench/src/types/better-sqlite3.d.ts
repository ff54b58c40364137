// The subset of better-sqlite3 12 the bench reads the CMS's SQLite file with (the package ships no types).
declare module 'better-sqlite3' {
  interface Statement {
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  }
  interface Database {
    prepare(sql: string): Statement;
    close(): void;
  }
  interface Options {
    readonly?: boolean;
    fileMustExist?: boolean;
  }
  const Database: new (file: string, options?: Options) => Database;
  export = Database;
}
