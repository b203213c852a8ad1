package io.jdm.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (class or method) that needs a real device-mapper: tags it {@code "kernel"} (so the
 * build runs it where a kernel with device-mapper is, e.g. in jdm's throwaway VM) and registers
 * {@link DmTestExtension}, which hands it a {@link io.jdm.api.DeviceMapper} and a {@link DmScratch}
 * and removes whatever devices it left behind.
 *
 * <p>Where device-mapper cannot be reached the test fails, saying why; it is skipped only when
 * {@code -Djdm.skipKernelTests=true} asks for that.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("kernel")
@ExtendWith(DmTestExtension.class)
public @interface KernelTest {
}
