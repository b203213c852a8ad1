package io.jdm.ioctl.internal;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.Errno;
import io.jdm.api.NodePolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that decides about {@code /dev/mapper/NAME}. The kernel makes only {@code /dev/dm-N};
 * udev's rules make the named node when udev runs. Without udev, as libdevmapper does, we make a block
 * node (0600) when a device goes live and unlink it when the device goes away.
 */
public final class DeviceNodes {
    private static final Path UDEV_CONTROL = Path.of("/run/udev/control");

    private final Path devDirectory;
    private final Path mapperDirectory;
    private final boolean manage;

    public DeviceNodes(Path devDirectory, NodePolicy policy) {
        this.devDirectory = devDirectory;
        this.mapperDirectory = devDirectory.resolve("mapper");
        this.manage = switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !Files.exists(UDEV_CONTROL);
        };
    }

    /** True when jdm makes and removes the named nodes (no udev, or {@link NodePolicy#ALWAYS}). */
    public boolean managed() {
        return manage;
    }

    /**
     * {@code /dev/mapper/NAME}, or null when the name has no such path: it is not {@linkplain
     * DeviceName#exact() exact} (another tool made it with bytes that are not UTF-8, so this String does
     * not name its node), or the file system's encoding cannot hold it.
     */
    public Path mapperPath(DeviceName name) {
        if (!name.exact()) {
            return null;
        }
        try {
            return mapperDirectory.resolve(name.value());
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** After a device went live: make its node, replacing a stale one with another number. */
    public void added(DeviceInfo info) {
        Path node = manage ? mapperPath(info.name()) : null;
        if (node == null) {
            return;
        }
        DeviceNumber number = info.number();
        try {
            if (Files.exists(node, LinkOption.NOFOLLOW_LINKS)) {
                if (number.equals(rdev(node))) {
                    return;
                }
                Files.delete(node);
            }
            Files.createDirectories(mapperDirectory);
            int r = LibC.mknod(node.toString(), LibC.S_IFBLK | 0600, number.major(), number.minor());
            if (r < 0 && -r != Errno.EEXIST.number()) {
                throw new IOException("mknod " + node + " " + number + ": " + Errno.describe(-r));
            }
            // mknod's mode is filtered by the umask; say exactly what we mean
            Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make device node " + node, e);
        }
    }

    /** After a device was removed. */
    /**
     * After a device was removed: its node goes, unless the node by now belongs to another device of the
     * same name ({@code belongsToLiveDevice} says, given the node's number) that another thread made
     * between the kernel's remove and this call.
     */
    public void removed(DeviceName name, Predicate<DeviceNumber> belongsToLiveDevice) {
        if (!manage || name == null) {
            return;
        }
        Path node = mapperPath(name);
        if (node == null) { // a name no node of ours can have (not exact UTF-8): nothing to unlink
            return;
        }
        DeviceNumber number = rdev(node);
        if (number != null && belongsToLiveDevice.test(number)) {
            return;
        }
        deleteQuietly(node);
    }

    /** After a rename: the node follows the name. */
    public void renamed(DeviceName from, DeviceInfo now) {
        Path old = manage ? mapperPath(from) : null;
        if (old == null) {
            return;
        }
        boolean had = Files.exists(old, LinkOption.NOFOLLOW_LINKS);
        deleteQuietly(old);
        if (had) {
            added(now);
        }
    }

    /** After remove-all: drop the block nodes of devices that no longer exist. */
    public void prune(Set<String> liveNames) {
        if (!manage || !Files.isDirectory(mapperDirectory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mapperDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals("control") && !liveNames.contains(name) && rdev(entry) != null) {
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + mapperDirectory, e);
        }
    }

    /** The node the kernel makes: {@code /dev/dm-MINOR}. */
    public Path kernelPath(DeviceNumber number) {
        return devDirectory.resolve("dm-" + number.minor());
    }

    /** The device number of a block node, or null when the path is something else. */
    public static DeviceNumber rdev(Path node) {
        try {
            int mode = (Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0xf000) != LibC.S_IFBLK) {
                return null;
            }
            return DeviceNumber.decode((Long) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path node) {
        if (node == null) {
            return;
        }
        try {
            Files.deleteIfExists(node);
        } catch (IOException e) {
            // a node we cannot delete does not change what the kernel did; leave it
        }
    }
}
