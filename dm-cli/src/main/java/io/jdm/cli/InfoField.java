package io.jdm.cli;

import io.jdm.api.Dependencies;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceNumber;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code info -c -o} fields jdm knows, with dmsetup's headings and default widths. */
enum InfoField {
    NAME("name", "Name", 16, false),
    UUID("uuid", "UUID", 32, false),
    BLKDEVNAME("blkdevname", "BlkDevName", 16, false),
    ATTR("attr", "Stat", 4, false),
    DEVNO("devno", "DevNo", 5, false),
    MAJOR("major", "Maj", 3, true),
    MINOR("minor", "Min", 3, true),
    OPEN("open", "Open", 4, true),
    SEGMENTS("segments", "Targ", 4, true),
    EVENTS("events", "Event", 6, true),
    DEVICE_COUNT("device_count", "#Devs", 5, true),
    DEVNOS_USED("devnos_used", "DevNosUsed", 16, false);

    /** dmsetup's default column set. */
    static final String DEFAULT = "name,major,minor,attr,open,segments,events,uuid";

    final String key;
    final Report.Column column;

    InfoField(String key, String heading, int width, boolean numeric) {
        this.key = key;
        this.column = new Report.Column(heading, width, numeric);
    }

    static Optional<InfoField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    boolean needsDeps() {
        return this == DEVICE_COUNT || this == DEVNOS_USED;
    }

    String value(DeviceInfo info, Dependencies deps, HostView host) {
        DeviceNumber n = info.number();
        return switch (this) {
            case NAME -> Shown.name(info.name().value());
            case UUID -> info.uuid().map(u -> Shown.name(u.value())).orElse("");
            case BLKDEVNAME -> host.kernelName(n).orElse("");
            case ATTR -> attr(info);
            case DEVNO -> n.major() + ":" + n.minor();
            case MAJOR -> Integer.toString(n.major());
            case MINOR -> Integer.toString(n.minor());
            case OPEN -> Integer.toString(info.openCount());
            case SEGMENTS -> Integer.toString(info.targetCount());
            case EVENTS -> Long.toString(info.eventNr());
            case DEVICE_COUNT -> Integer.toString(deps.devices().size());
            case DEVNOS_USED -> deps.devices().stream().map(DeviceNumber::toString).collect(Collectors.joining(","));
        };
    }

    /** (L)ive, (I)nactive, (s)uspended, (r)ead-only or read-(w)rite. */
    static String attr(DeviceInfo info) {
        return (info.hasLiveTable() ? "L" : "-") + (info.hasInactiveTable() ? "I" : "-")
                + (info.suspended() ? "s" : "-") + (info.readOnly() ? "r" : "w");
    }
}
