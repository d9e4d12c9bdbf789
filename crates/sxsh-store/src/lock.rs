//! One process per data directory: an OS lock (`flock` on Unix, `LockFileEx` on Windows, through
//! the standard library's `File::lock`) on `sxsh.lock` inside it.
//!
//! A process that may write takes the lock **exclusively** for as long as its store is open and
//! writes who it is into the file; read-only commands take it **shared**, so several can read
//! at once but none while a writer has the folder. The OS drops the lock when the process ends,
//! however it ends (a crash or SIGKILL leaves no stale lock).

use crate::error::{Result, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File name of the lock inside a data directory.
pub const LOCK_FILE: &str = "sxsh.lock";

/// How long an open waits for another process to let go of the folder before it gives up with
/// [`StoreError::DataDirInUse`]: long enough for a short command that holds it to finish.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

static PROGRAM: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names this process in the lock file of the folders it holds, e.g. `sxsh serve-ui` or
/// `SXSH Field (desktop app)`; a process that is refused the folder shows it. Call once at start.
pub fn set_program(name: &str) {
    let _ = PROGRAM.set(name.to_string());
}

/// How the folder is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// This process may write; nobody else may open the folder.
    Exclusive,
    /// This process only reads; other readers may too, writers may not.
    Shared,
}

/// A held lock on a data directory; released when dropped.
#[derive(Debug)]
pub struct DirLock {
    /// `None` for a shared hold on a folder where the lock file cannot exist (a read-only
    /// folder without one, where no process can write either).
    file: Option<File>,
    mode: LockMode,
    path: PathBuf,
}

impl DirLock {
    /// Takes the lock of `data_dir` in `mode`, waiting up to `wait` for another holder to go.
    pub fn acquire(data_dir: &Path, mode: LockMode, wait: Duration) -> Result<DirLock> {
        let path = data_dir.join(LOCK_FILE);
        let open_rw = || {
            let mut o = OpenOptions::new();
            o.read(true).write(true).create(true).truncate(false);
            // Only this user may read who holds the folder.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            o.open(&path)
        };
        let file = match mode {
            LockMode::Exclusive => Some(open_rw().map_err(|e| StoreError::io(&path, e))?),
            LockMode::Shared => match File::open(&path) {
                Ok(f) => Some(f),
                // Make it if we can; where we cannot (a read-only folder), nobody can write.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => open_rw().ok(),
                Err(e) => return Err(StoreError::io(&path, e)),
            },
        };
        let Some(file) = file else {
            return Ok(DirLock {
                file: None,
                mode,
                path,
            });
        };
        let start = Instant::now();
        loop {
            let attempt = match mode {
                LockMode::Exclusive => file.try_lock(),
                LockMode::Shared => file.try_lock_shared(),
            };
            match attempt {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::DataDirInUse {
                        dir: data_dir.to_path_buf(),
                        holder: holder_of(&path),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
        }
        let mut lock = DirLock {
            file: Some(file),
            mode,
            path,
        };
        if mode == LockMode::Exclusive {
            lock.write_holder()?;
        }
        Ok(lock)
    }

    /// How this lock is held.
    pub fn mode(&self) -> LockMode {
        self.mode
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes who holds the folder: `pid`, program and start time, one line. The program is what
    /// the host said with [`set_program`] (never its arguments: a token must not end up here).
    fn write_holder(&mut self) -> Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let program = PROGRAM.get().cloned().unwrap_or_else(|| {
            std::env::current_exe()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "SXSH Field".into())
        });
        let line = format!(
            "pid={} since={} program={}\n",
            std::process::id(),
            crate::write::now_text(),
            sxsh_domain::text::escape_controls(&program)
        );
        let io = |e| StoreError::io(&self.path, e);
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        file.write_all(line.as_bytes()).map_err(io)?;
        Ok(())
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        if self.mode == LockMode::Exclusive
            && let Some(f) = &self.file
        {
            // Clear the holder line; the OS releases the lock when the file is closed.
            let _ = f.set_len(0);
        }
    }
}

/// What the holder wrote into the lock file, e.g. `sxsh serve-ui (pid 4242, since …)`; a shared
/// holder writes nothing, so it is described as a reader.
fn holder_of(path: &Path) -> String {
    let mut text = String::new();
    let _ = File::open(path).and_then(|f| f.take(1024).read_to_string(&mut text));
    let field = |key: &str| {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .map(str::to_string)
    };
    match (field("pid="), field("since=")) {
        (Some(pid), Some(since)) => {
            let program = text
                .split_once("program=")
                .map(|(_, p)| p.trim().to_string())
                .unwrap_or_default();
            format!("{program} (pid {pid}, since {since})")
        }
        _ => "another SXSH Field process that is reading it".to_string(),
    }
}
