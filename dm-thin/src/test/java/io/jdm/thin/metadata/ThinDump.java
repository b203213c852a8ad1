package io.jdm.thin.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * thin_dump's XML, the oracle the reader is checked against: the superblock's attributes and each
 * device's, with range mappings expanded into single ones.
 */
record ThinDump(String uuid, long time, long transaction, long flags, long version, long dataBlockSize,
                long nrDataBlocks, List<Device> devices) {

    /** One mapped block: virtual block, data block, time. */
    record Mapping(long virtualBlock, long dataBlock, long time) {
    }

    record Device(long devId, long mappedBlocks, long transaction, long creationTime, long snapTime,
                  List<Mapping> mappings) {
        ThinDeviceDetails details() {
            return new ThinDeviceDetails(devId, mappedBlocks, transaction, creationTime, snapTime);
        }
    }

    private static final Pattern ELEMENT = Pattern.compile("<(/?)([a-z_]+)((?:\\s+[a-z_]+=\"[^\"]*\")*)\\s*(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    /**
     * Parses thin_dump's output: one element per line, {@code superblock} holding {@code device}s holding
     * {@code single_mapping}s and {@code range_mapping}s. (Shared-subtree {@code def}/{@code ref} elements,
     * which some thin_dump versions can write, are refused rather than misread.)
     */
    static ThinDump parse(String xml) {
        Map<String, String> superblock = null;
        Map<String, String> device = null;
        List<Mapping> mappings = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        Matcher m = ELEMENT.matcher(xml);
        while (m.find()) {
            boolean closing = !m.group(1).isEmpty();
            String tag = m.group(2);
            Map<String, String> a = attributes(m.group(3));
            switch (tag) {
                case "superblock" -> {
                    if (!closing) {
                        superblock = a;
                    }
                }
                case "device" -> {
                    if (closing) {
                        devices.add(new Device(num(device, "dev_id"), num(device, "mapped_blocks"),
                                num(device, "transaction"), num(device, "creation_time"), num(device, "snap_time"),
                                List.copyOf(mappings)));
                        mappings.clear();
                    } else {
                        device = a;
                    }
                }
                case "single_mapping" -> mappings.add(new Mapping(num(a, "origin_block"), num(a, "data_block"), num(a, "time")));
                case "range_mapping" -> {
                    for (long i = 0; i < num(a, "length"); i++) {
                        mappings.add(new Mapping(num(a, "origin_begin") + i, num(a, "data_begin") + i, num(a, "time")));
                    }
                }
                default -> throw new IllegalArgumentException("thin_dump element <" + tag + "> not understood:\n" + xml);
            }
        }
        if (superblock == null) {
            throw new IllegalArgumentException("no <superblock> in thin_dump output:\n" + xml);
        }
        return new ThinDump(superblock.get("uuid"), num(superblock, "time"), num(superblock, "transaction"),
                num(superblock, "flags"), num(superblock, "version"), num(superblock, "data_block_size"),
                num(superblock, "nr_data_blocks"), List.copyOf(devices));
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> a = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            a.put(m.group(1), m.group(2));
        }
        return a;
    }

    private static long num(Map<String, String> attributes, String name) {
        String v = attributes.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("thin_dump element without " + name + ": " + attributes);
        }
        return Long.parseLong(v);
    }

    List<ThinDeviceDetails> details() {
        return devices.stream().map(Device::details).toList();
    }
}
