package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CPeerParseTest {
    @Test
    void eachRepLineIsNanosPerOperation() {
        assertEquals(List.of(250.0, 1.5), CPeer.parse("rep 1000 4\nrep 3 2\n", 2));
    }

    @Test
    void aMissingRepetitionIsAnError() {
        assertThrows(IllegalStateException.class, () -> CPeer.parse("rep 1000 4\n", 2));
    }

    @Test
    void strayOutputIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CPeer.parse("rep 1000 4\nerror: DM_DEV_STATUS x: No such device\n", 2));
        assertEquals(true, e.getMessage().contains("No such device"), e.getMessage());
    }
}
