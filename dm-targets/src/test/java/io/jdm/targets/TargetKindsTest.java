package io.jdm.targets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of target is declared once, and every typed target record has its declaration. */
class TargetKindsTest {

    /** The records the sealed {@link Target} hierarchy permits, through its sealed sub-interfaces. */
    private static List<Class<?>> records(Class<?> type) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> sub : type.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                out.addAll(records(sub));
            } else {
                out.add(sub);
            }
        }
        return out;
    }

    @Test
    void everyTypedRecordHasExactlyOneKindCarryingItsType() throws ReflectiveOperationException {
        List<Class<?>> typed = records(Target.class).stream().filter(c -> c != RawTarget.class).toList();
        assertEquals(typed.size(), TargetKinds.all().size());
        Set<String> types = new HashSet<>();
        for (Class<?> record : typed) {
            List<TargetKind<?, ?>> kinds = TargetKinds.all().stream().filter(k -> k.targetClass() == record).toList();
            assertEquals(1, kinds.size(), record + " has " + kinds.size() + " kinds");
            TargetKind<?, ?> kind = kinds.getFirst();
            assertEquals(record.getField("TYPE").get(null), kind.type(), record.toString());
            assertTrue(types.add(kind.type()), "type declared twice: " + kind.type());
            assertEquals(kind, TargetKinds.of(kind.type()).orElseThrow());
        }
    }

    @Test
    void theStatusTypesAreTheTargetsOwn() {
        assertEquals(ThinPoolTarget.TYPE, io.jdm.targets.status.ThinPoolStatus.TYPE);
        assertTrue(TargetKinds.SNAPSHOT_MERGE.hasStatus() && !TargetKinds.LINEAR.hasStatus());
        assertEquals(List.of(), TargetKinds.LINEAR.parseStatus("").stream().toList());
    }
}
