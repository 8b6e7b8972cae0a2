package io.plotstream.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCheckTest {

    @Test
    void noKeyAdmitsEverything() {
        for (String none : new String[] {null, "", "   "}) {
            KeyCheck check = KeyCheck.of(none);
            assertFalse(check.required(), "'" + none + "'");
            assertTrue(check.matches(null));
            assertTrue(check.matches("anything"));
            assertFalse(check.matchesRequired("anything"), "no key: nobody is 'the' key holder");
        }
    }

    @Test
    void aKeyAdmitsExactlyItself() {
        KeyCheck check = KeyCheck.of("s3cret");
        assertTrue(check.required());
        assertTrue(check.matches("s3cret"));
        assertTrue(check.matchesRequired("s3cret"));
        assertFalse(check.matches(null));
        assertFalse(check.matches(""));
        assertFalse(check.matches("s3cre"), "a prefix");
        assertFalse(check.matches("s3cret "), "a longer string");
        assertFalse(check.matches("S3CRET"), "case matters");
    }

    @Test
    void nonAsciiKeysCompareAsUtf8() {
        KeyCheck check = KeyCheck.of("clé-ü");
        assertTrue(check.matches("clé-ü"));
        assertFalse(check.matches("cle-u"));
    }

    @Test
    void toStringHidesTheKey() {
        assertEquals("KeyCheck[set]", KeyCheck.of("s3cret").toString());
        assertEquals("KeyCheck[none]", KeyCheck.of(null).toString());
    }
}
