// Deletes every Sealbox database of this origin: identities, caches and the demo mailbox.
const resetStatus = document.querySelector('#reset-status')!;
document.querySelector('#reset')!.addEventListener('click', async () => {
  const names = (await indexedDB.databases()).map((db) => db.name).filter((name): name is string => Boolean(name?.startsWith('sealbox')));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
  resetStatus.textContent = `Deleted ${names.length} local database${names.length === 1 ? '' : 's'}. Close open demo tabs and start again.`;
});
