export function DatabaseUnavailable() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <div
        role="alert"
        className="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
      >
        <h1 className="text-lg font-semibold">Liftoff cannot reach its database</h1>
        <p className="mt-2 text-sm">
          Nothing you saved is lost: everything acknowledged is stored in PostgreSQL. This page will work
          again as soon as the database is back. Reload to try again.
        </p>
      </div>
    </main>
  );
}
