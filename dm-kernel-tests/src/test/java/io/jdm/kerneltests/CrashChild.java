package io.jdm.kerneltests;

import io.jdm.testkit.CrashPoint;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.FaultPoints;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.targets.message.ThinPool;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashKernelTest}: does the work up to the crash point named by its first
 * argument, prints {@link CrashPoint#MARK} and the point, and waits there for the SIGKILL. It needs dm-api,
 * dm-ioctl and dm-targets only.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String point = args[0];
        DeviceMapper dm = DeviceMapper.open();
        switch (point) {
            case "after-create" -> {
                dm.create(DeviceName.of(args[1]));
                at(point);
            }
            case "after-load" -> {
                DeviceInfo made = dm.create(DeviceName.of(args[1]));
                dm.load(made.ref(), Table.of(8, "zero", ""));
                at(point);
            }
            case "snap-suspended" -> // the create_snap message is where the child stops: the origin is suspended
                    ThinPool.of(stoppingAtMessage(dm, "create_snap", point), DeviceRef.name(args[1]))
                            .createSnap(1, 0, DeviceRef.name(args[2]));
            case "after-create-thin" -> {
                ThinPool.of(dm, DeviceRef.name(args[1])).createThin(2);
                at(point);
            }
            case "loop-attach" -> {
                FaultPoints.afterLoopBind = () -> at(point);
                LoopControl.attach(Path.of(args[1]));
            }
            default -> throw new IllegalArgumentException(point);
        }
    }

    private static void at(String step) {
        CrashPoint.reachedAndWait(step);
    }

    /** {@code dm}, except that a message starting with {@code word} stops the JVM at {@code point} instead. */
    private static DeviceMapper stoppingAtMessage(DeviceMapper dm, String word, String point) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("message") && args.length == 3 && ((String) args[2]).startsWith(word)) {
                at(point);
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(dm, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DeviceMapper) Proxy.newProxyInstance(DeviceMapper.class.getClassLoader(), new Class<?>[] {DeviceMapper.class}, handler);
    }

}
