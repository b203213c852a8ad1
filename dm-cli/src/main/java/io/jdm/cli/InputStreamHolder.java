package io.jdm.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** An empty stdin, for contexts that must never read one. */
final class InputStreamHolder {
    static final InputStream EMPTY = new ByteArrayInputStream(new byte[0]);

    private InputStreamHolder() {
    }
}
