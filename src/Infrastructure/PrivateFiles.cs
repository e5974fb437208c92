namespace CaseTracker.Infrastructure;

/// <summary>
/// Files that hold the register or its keys (the SQLite database and its -wal and -shm files, the token signing key, a key
/// ring directory) readable and writable by the service's own user only: mode 0600, directories 0700 (security.md "Personal
/// data"). SQLite creates its -wal and -shm files with the mode of the database file, so creating that one 0600 covers all three.
/// Nothing happens on Windows, where files inherit the directory's access list.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> empty with mode 0600 if it does not exist; an existing file is narrowed to 0600.</summary>
    public static void CreateOrRestrict(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }
        catch (IOException) when (File.Exists(path))
        {
            Restrict(path);
        }
    }

    /// <summary>
    /// Creates a missing directory (and any missing parent) with mode 0700, as the folder of the SQLite file and the keys is
    /// (default <c>src/Api/data</c>); an existing directory keeps its mode, since it may be shared and its owner sets it.
    /// </summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>Narrows an existing file to 0600, or a directory to 0700 and each file in it to 0600; creates a missing directory 0700.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, FileMode);
                return;
            }

            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path, DirectoryMode);
                return;
            }

            File.SetUnixFileMode(path, DirectoryMode);
            foreach (var file in Directory.EnumerateFiles(path)) File.SetUnixFileMode(file, FileMode);
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by another user (a shared mount): its owner sets its mode.
        }
    }
}
