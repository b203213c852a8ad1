package io.jdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** jdm's own version, from the build (a filtered resource, so it is right in tests too). */
final class LibraryVersion {
    private LibraryVersion() {
    }

    static String get() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
