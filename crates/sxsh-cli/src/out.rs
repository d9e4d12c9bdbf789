//! Standard output of the `sxsh` command, written once at the end and never with a panic.
//!
//! Commands add lines with [`outln!`]; `main` writes them with [`flush`] after the command's
//! work is done (a committed write stays committed). A closed pipe (`sxsh … | head -1`) or a full
//! disk is then an error `main` turns into its own exit code, not a panic. Text that came from
//! outside is printed with its control and bidirectional characters escaped, so a name cannot
//! move the cursor, recolour the terminal or forge other lines.

use std::cell::RefCell;
use std::io::Write;

thread_local! {
    static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Appends one line of text output, control characters escaped.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::out::text_line(&format!($($arg)*))
    };
}
pub(crate) use outln;

/// Appends one line of text, escaping control and bidirectional characters.
pub fn text_line(line: &str) {
    push(&sxsh_api::text_for_terminal(line));
}

/// Appends JSON text. serde_json escapes C0 controls; C1 controls and bidirectional characters
/// can only stand inside strings, where a `\uXXXX` escape means the same character.
pub fn json_line(json: &str) {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' || sxsh_api::is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    push(&out);
}

fn push(line: &str) {
    BUFFER.with(|b| {
        let mut b = b.borrow_mut();
        b.push_str(line);
        b.push('\n');
    });
}

/// Writes what was added to standard output.
pub fn flush() -> std::io::Result<()> {
    let text = BUFFER.with(|b| std::mem::take(&mut *b.borrow_mut()));
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}
