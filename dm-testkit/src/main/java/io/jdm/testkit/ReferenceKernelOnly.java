package io.jdm.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kernel test whose subject is jdm's own logic rather than what the kernel does: crash recovery
 * in killed child JVMs, long soaks, packaging, the volume manager. It runs on the reference kernel (6.1)
 * only; the executions on 5.10 and 6.12 leave it out (tag {@value #TAG}), because every kernel call it
 * makes is also made by the suites that do run there. Those runs are for kernel behaviour, and repeating
 * minutes of child-JVM starts under emulation on every kernel told nothing new.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(ReferenceKernelOnly.TAG)
public @interface ReferenceKernelOnly {
    String TAG = "reference-kernel-only";
}
