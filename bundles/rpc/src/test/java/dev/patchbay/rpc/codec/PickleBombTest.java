package dev.patchbay.rpc.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PythonException;
import org.junit.Test;

/**
 * Pickles a few hundred bytes long whose object graphs unfold into 2^64 nodes (issue 14.2): each
 * used to pin an I/O thread for good. Each must now be refused after bounded work, while real
 * data (shared references, tuples as keys, nesting) still reads.
 */
public class PickleBombTest {

    /**
     * Pushes a list nested {@code levels} deep, each level holding the one below twice (memo
     * 0..levels; the levels below are popped off the stack once memoized).
     */
    private static Bytes doublingLists(Bytes pickle, int levels) {
        pickle.op(']').op('q').b(0);
        for (int level = 1; level <= levels; level++) {
            pickle.op('0').op(']').op('(').op('h').b(level - 1).op('h').b(level - 1).op('e').op('q').b(level);
        }
        return pickle;
    }

    @Test
    public void aDictKeyedByADoublingListIsRefusedAsUnhashable() {
        byte[] bomb = doublingLists(new Bytes().proto(2).op('}'), 64).op('K').b(1).op('s').op('.').bytes();
        assertTrue("a 64-level bomb is a few hundred bytes: " + bomb.length, bomb.length < 1024);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Pickles.loads(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().contains("unhashable type: 'list'"));
    }

    @Test
    public void aTupleKeyHoldingAListIsRefusedAsPythonWould() {
        byte[] bomb = new Bytes().proto(2).op('}').op(']').op(0x85).op('K').b(1).op('s').op('.').bytes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Pickles.loads(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().contains("unhashable"));
    }

    @Test
    public void setItemsWithAnOddNumberOfItemsIsRefused() {
        // razorvine pairs SETITEMS items from the end, then takes the mark and what lies below it
        // for keys: a doubling list below the mark was hashed (found by PickleFuzzTest).
        byte[] odd = doublingLists(new Bytes().proto(2).op('}'), 64).op('(').op('K').b(1).op('K').b(2).op('K').b(3)
                .op('u').op('.').bytes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Pickles.loads(odd));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not key-value pairs"));
    }

    @Test
    public void setsOfListsAreRefusedWhicheverOpcodeBuildsThem() {
        byte[] frozen = doublingLists(new Bytes().proto(4).op('('), 64).op(0x91).op('.').bytes();
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(frozen));
        byte[] added = doublingLists(new Bytes().proto(4).op(0x8f).op('('), 64).op(0x90).op('.').bytes();
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(added));
        Bytes reduced = new Bytes().proto(2).op('c').text("builtins\nset\n").op(']').op('(');
        doublingLists(reduced, 64).op('e').op(0x85).op('R').op('.');
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(reduced.bytes()));
    }

    @Test
    public void aDoublingListAsAValueIsRefusedByTheNodeBudget() {
        byte[] bomb = doublingLists(new Bytes().proto(2), 64).op('.').bytes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Pickles.loads(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().contains("unfolds into more than"));
    }

    @Test
    public void aListThatContainsItselfIsRefused() {
        byte[] cycle = new Bytes().proto(2).op(']').op('q').b(0).op('h').b(0).op('a').op('.').bytes();
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(cycle));
    }

    @Test
    public void nestingDeeperThanTheLimitIsRefused() {
        Bytes deep = new Bytes().proto(2);
        for (int i = 0; i < 10_000; i++) {
            deep.op(']');
        }
        for (int i = 0; i < 10_000 - 1; i++) {
            deep.op('a');
        }
        byte[] pickle = deep.op('.').bytes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Pickles.loads(pickle));
        assertTrue(refused.getMessage(), refused.getMessage().contains("deep"));
    }

    @Test
    public void opcodesAndRepeatedReferencesAreCounted() {
        byte[] shared = doublingLists(new Bytes().proto(2), 8).op('.').bytes();
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(shared, new PickleLimits(10, 1000, 1000, 100)));
        assertThrows(IllegalArgumentException.class, () -> Pickles.loads(shared, new PickleLimits(1000, 4, 1000, 100)));
        // 2^9 - 1 nodes when unfolded: within a budget of 1,000.
        assertTrue(Pickles.loads(shared, new PickleLimits(1000, 1000, 1000, 100)) instanceof List<?>);
    }

    @Test
    public void anUnknownExceptionWithAHugeArgumentGetsAShortMessage() {
        Bytes pickle = new Bytes().proto(2).op('c').text("myapp.errors\nBoom\n");
        doublingLists(pickle, 64).op(0x85).op('R').op('.');
        Object read = Pickles.loads(pickle.bytes());
        PythonException exception = (PythonException) read;
        assertEquals("myapp.errors.Boom", exception.pythonExceptionType);
        assertTrue("message of " + exception.getMessage().length() + " chars", exception.getMessage().length() < 1100);
    }

    @Test
    public void realDataWithSharedReferencesAndTupleKeysStillReads() {
        // {(1, 'a'): [x, x]} where x = [1, 2]: a shared reference, a tuple key
        byte[] pickle = new Bytes().proto(2).op('}').op('K').b(1).op('X').int32(1).text("a").op(0x86)
                .op(']').op('(').op(']').op('q').b(0).op('(').op('K').b(1).op('K').b(2).op('e').op('h').b(0).op('e')
                .op('s').op('.').bytes();
        Map<?, ?> dict = (Map<?, ?>) Pickles.loads(pickle);
        assertEquals(1, dict.size());
        Object[] key = (Object[]) dict.keySet().iterator().next();
        assertEquals(List.of(1, "a"), List.of(key));
        List<?> value = (List<?>) dict.values().iterator().next();
        assertEquals(List.of(List.of(1, 2), List.of(1, 2)), value);
        assertTrue("the two elements are one object, as in Python", value.get(0) == value.get(1));
    }

    /** A pickle written opcode by opcode. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes proto(int version) {
            return op(0x80).b(version);
        }

        Bytes op(int opcode) {
            out.write(opcode);
            return this;
        }

        Bytes b(int value) {
            out.write(value);
            return this;
        }

        Bytes int32(int value) {
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Bytes text(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
