package io.jdm.testkit;

import io.jdm.api.CreateOptions;
import io.jdm.api.Dependencies;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.EventWatcher;
import io.jdm.api.Geometry;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.ListedDevice;
import io.jdm.api.LoadOptions;
import io.jdm.api.QueryOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.StatusReport;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableReport;
import io.jdm.api.TargetVersion;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DeviceMapper} that passes every command to another one: subclass it and override the
 * commands a test wants to watch, delay or make fail, on the real kernel or on a
 * {@link io.jdm.testkit.fake.FakeKernel}. The compositions ({@code createWithTable}, {@code awaitEvent},
 * the overloads) are the interface's own, so they go through the overridden commands.
 */
public class ForwardingDeviceMapper implements DeviceMapper {
    private final DeviceMapper delegate;

    public ForwardingDeviceMapper(DeviceMapper delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The device-mapper the commands go to. */
    protected final DeviceMapper delegate() {
        return delegate;
    }

    @Override
    public InterfaceVersion version() {
        return delegate.version();
    }

    @Override
    public void removeAll(boolean deferred) {
        delegate.removeAll(deferred);
    }

    @Override
    public List<ListedDevice> list() {
        return delegate.list();
    }

    @Override
    public DeviceInfo create(DeviceName name, CreateOptions options) {
        return delegate.create(name, options);
    }

    @Override
    public RemoveOutcome remove(DeviceRef device, RemoveOptions options) {
        return delegate.remove(device, options);
    }

    @Override
    public DeviceInfo rename(DeviceName from, DeviceName to) {
        return delegate.rename(from, to);
    }

    @Override
    public DeviceInfo setUuid(DeviceName name, DeviceUuid uuid) {
        return delegate.setUuid(name, uuid);
    }

    @Override
    public DeviceInfo suspend(DeviceRef device, SuspendOptions options) {
        return delegate.suspend(device, options);
    }

    @Override
    public DeviceInfo resume(DeviceRef device, SuspendOptions options) {
        return delegate.resume(device, options);
    }

    @Override
    public DeviceInfo info(DeviceRef device) {
        return delegate.info(device);
    }

    @Override
    public StatusReport waitEvent(DeviceRef device, long eventNr, QueryOptions options) {
        return delegate.waitEvent(device, eventNr, options);
    }

    @Override
    public DeviceInfo load(DeviceRef device, Table table, LoadOptions options) {
        return delegate.load(device, table, options);
    }

    @Override
    public DeviceInfo clear(DeviceRef device) {
        return delegate.clear(device);
    }

    @Override
    public Dependencies deps(DeviceRef device, QueryOptions options) {
        return delegate.deps(device, options);
    }

    @Override
    public StatusReport status(DeviceRef device, QueryOptions options) {
        return delegate.status(device, options);
    }

    @Override
    public TableReport table(DeviceRef device, QueryOptions options) {
        return delegate.table(device, options);
    }

    @Override
    public List<TargetVersion> targetVersions() {
        return delegate.targetVersions();
    }

    @Override
    public TargetVersion targetVersion(String targetType) {
        return delegate.targetVersion(targetType);
    }

    @Override
    public Optional<String> message(DeviceRef device, long sector, String message) {
        return delegate.message(device, sector, message);
    }

    @Override
    public DeviceInfo setGeometry(DeviceRef device, Geometry geometry) {
        return delegate.setGeometry(device, geometry);
    }

    @Override
    public EventWatcher watchEvents() {
        return delegate.watchEvents();
    }

    @Override
    public Path devicePath(DeviceInfo device) {
        return delegate.devicePath(device);
    }

    @Override
    public InterfaceVersion kernelVersion() {
        return delegate.kernelVersion();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
