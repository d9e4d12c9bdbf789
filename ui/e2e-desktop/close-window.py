#!/usr/bin/python3
"""Asks the SXSH Field window to close the way a window manager does when its close button is
pressed: an X11 ClientMessage WM_PROTOCOLS/WM_DELETE_WINDOW (Xvfb has no window manager to send
it). The app may then finish its work before it closes. Exits 1 when no such window is found."""
import sys

from Xlib import X, display, protocol

TITLE = sys.argv[1] if len(sys.argv) > 1 else "SXSH Field"
d = display.Display()
protocols = d.intern_atom("WM_PROTOCOLS")
delete = d.intern_atom("WM_DELETE_WINDOW")
net_wm_name = d.intern_atom("_NET_WM_NAME")
utf8 = d.intern_atom("UTF8_STRING")


def title(w):
    """The window's title: _NET_WM_NAME (UTF-8), else WM_NAME."""
    prop = w.get_full_property(net_wm_name, utf8)
    if prop is not None:
        return bytes(prop.value).decode("utf-8", "replace")
    name = w.get_wm_name()
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else name


def windows(w):
    yield w
    for child in w.query_tree().children:
        yield from windows(child)


found = False
for w in windows(d.screen().root):
    try:
        name = title(w)
        wants_delete = delete in (w.get_wm_protocols() or [])
    except Exception:
        continue
    if name and name.startswith(TITLE) and wants_delete:
        event = protocol.event.ClientMessage(
            window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
        )
        w.send_event(event, event_mask=X.NoEventMask)
        found = True
d.flush()
sys.exit(0 if found else 1)
