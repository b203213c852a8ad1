package io.jdm.api;

/** How a remove ended. */
public enum RemoveOutcome {
    /** The device is gone. */
    REMOVED,
    /** The device was open; it is marked and the kernel removes it when its last user closes it. */
    DEFERRED
}
