package io.jdm.targets;

import java.util.Optional;

/** A crypt feature without a value, in the order the kernel prints them back. */
public enum CryptFlag implements KernelWord {
    ALLOW_DISCARDS("allow_discards"),
    SAME_CPU_CRYPT("same_cpu_crypt"),
    SUBMIT_FROM_CRYPT_CPUS("submit_from_crypt_cpus"),
    NO_READ_WORKQUEUE("no_read_workqueue"),
    NO_WRITE_WORKQUEUE("no_write_workqueue");

    private final String word;

    CryptFlag(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    public static Optional<CryptFlag> fromWord(String word) {
        return KernelWord.lookup(CryptFlag.class, word);
    }

    @Override
    public String toString() {
        return word;
    }
}
