package io.jdm.thin.fs;

/** The filesystems jdm makes on volumes, with the program that makes each and the Debian package that has it. */
public enum FilesystemType {
    /** ext4 (e2fsprogs' mke2fs). */
    EXT4("ext4", "mkfs.ext4", "e2fsprogs"),
    /** XFS (xfsprogs). */
    XFS("xfs", "mkfs.xfs", "xfsprogs");

    private final String mountType;
    private final String mkfsProgram;
    private final String debianPackage;

    FilesystemType(String mountType, String mkfsProgram, String debianPackage) {
        this.mountType = mountType;
        this.mkfsProgram = mkfsProgram;
        this.debianPackage = debianPackage;
    }

    /** The type mount(2) takes, e.g. {@code "ext4"}. */
    public String mountType() {
        return mountType;
    }

    /** The program that makes it, e.g. {@code "mkfs.ext4"}. */
    public String mkfsProgram() {
        return mkfsProgram;
    }

    /** The Debian (and Ubuntu) package that has {@link #mkfsProgram()}. */
    public String debianPackage() {
        return debianPackage;
    }
}
