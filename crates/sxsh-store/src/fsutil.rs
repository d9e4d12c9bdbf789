//! Reading files that come from outside (photos, import documents, backups) with a bound, and
//! only when they are regular files: a FIFO, a device or a directory is refused before it is
//! read, so nothing can hang on it or read for ever. And writing long files ([`PacedFile`]) so
//! that saves made meanwhile do not wait behind them.

use crate::error::{Result, StoreError};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Opens `path` for reading if, and only if, it is a regular file (symlinks followed). The
/// file is opened non-blocking and checked again once open, so a FIFO swapped in after the
/// first check cannot block the open either.
pub fn open_regular(path: &Path) -> Result<File> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if !meta.is_file() {
        return Err(StoreError::NotARegularFile { path: path.into() });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| StoreError::io(path, e))?;
    let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
    if !meta.is_file() {
        return Err(StoreError::NotARegularFile { path: path.into() });
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes. The bound is applied to what is read, not to
/// the size the file claims, so a file that grows while it is read is refused too.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    let claimed = file.metadata().map(|m| m.len()).unwrap_or(0);
    if claimed > limit {
        return Err(StoreError::TooLarge {
            size: claimed,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(claimed as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Bytes free for this process on the file system holding `path`.
pub fn available_space(path: &Path) -> Result<u64> {
    fs4::available_space(path).map_err(|e| StoreError::io(path, e))
}

/// Whether this process may create files in `dir`: false on a read-only mount (also for root)
/// or a folder without write permission.
pub fn is_writable_dir(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: `c` is a valid NUL-terminated path; access(2) only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// How much a [`PacedFile`] writes before it waits for the disk.
pub const PACE: u64 = 2 << 20;

/// A file written in steps of at most [`PACE`] unsynced bytes: every `PACE` bytes it waits for
/// the disk (`sync_data`). On ext4 (and other journaling file systems), the fsync of a save's
/// commit may have to flush other files' pending data first; a long write (a backup's zip)
/// paced this way leaves at most a few MB pending, so a save made meanwhile waits for a few
/// MB at worst instead of hundreds (measured in `tests/benches/report.rs`).
pub struct PacedFile {
    file: File,
    unsynced: u64,
}

impl PacedFile {
    pub fn new(file: File) -> PacedFile {
        PacedFile { file, unsynced: 0 }
    }

    /// The file, with everything written so far on disk.
    pub fn into_synced(self) -> std::io::Result<File> {
        self.file.sync_data()?;
        Ok(self.file)
    }
}

impl std::io::Write for PacedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= PACE {
            self.file.sync_data()?;
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl std::io::Seek for PacedFile {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// Syncs a directory, so a rename inside it survives a power cut (no-op where unsupported).
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_and_regular_ones_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.json");
        std::fs::write(&f, b"0123456789").unwrap();
        assert_eq!(read_regular(&f, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_regular(&f, 9),
            Err(StoreError::TooLarge { size: 10, limit: 9 })
        ));
        assert!(matches!(
            read_regular(dir.path(), 100),
            Err(StoreError::NotARegularFile { .. })
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 100),
            Err(StoreError::NotARegularFile { .. })
        ));
    }
}
