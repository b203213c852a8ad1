package io.jdm.thin.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compares everything a reader reads with what thin_dump and thin_ls say about the same metadata. */
final class Oracle {
    private Oracle() {
    }

    static void assertMatches(MetadataReader reader, ThinDump dump, ThinLs ls) {
        ThinSuperblock sb = reader.superblock();
        assertEquals(dump.uuid().isEmpty() ? new UUID(0, 0) : UUID.fromString(dump.uuid()), sb.uuid(), "uuid");
        assertEquals(dump.time(), sb.time(), "time");
        assertEquals(dump.transaction(), sb.transactionId(), "transaction");
        assertEquals(dump.flags(), sb.flags(), "flags");
        assertEquals(dump.version(), sb.version(), "version");
        assertEquals(dump.dataBlockSize(), sb.dataBlockSize(), "data_block_size");
        // thin_dump prints the data space map's size, which a snapshot's superblock copy has zeroed
        assertEquals(dump.nrDataBlocks(), sb.dataSpaceMap().blockCount(), "nr_data_blocks");

        assertEquals(dump.details(), reader.devices(), "device details");
        for (ThinDump.Device device : dump.devices()) {
            List<ThinDump.Mapping> read = new ArrayList<>();
            long count = reader.forEachMapping(device.devId(),
                    (virtualBlock, dataBlock, time) -> read.add(new ThinDump.Mapping(virtualBlock, dataBlock, time)));
            assertEquals(device.mappings(), read, "mappings of thin device " + device.devId());
            assertEquals(device.mappings().size(), count, "mapping count of thin device " + device.devId());
        }

        List<ThinDeviceUsage> expected = new ArrayList<>();
        for (int i = 0; i < ls.rows().size(); i++) {
            ThinLs.Row row = ls.rows().get(i);
            List<ThinDump.Mapping> mappings = dump.devices().get(i).mappings();
            assertEquals(row.dev(), dump.devices().get(i).devId(), "thin_ls and thin_dump list the same devices");
            expected.add(new ThinDeviceUsage(row.dev(), row.mapped(), row.exclusive(), row.shared(), mappings.isEmpty()
                    ? OptionalLong.empty() : OptionalLong.of(mappings.getLast().virtualBlock())));
        }
        assertEquals(dump.devices().size(), ls.rows().size(), "devices in thin_dump and thin_ls");
        assertEquals(expected, reader.usage(), "usage (thin_ls)");
    }
}
