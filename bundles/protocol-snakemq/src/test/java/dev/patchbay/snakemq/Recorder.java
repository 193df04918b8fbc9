package dev.patchbay.snakemq;

import static org.junit.Assert.assertNotNull;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A PeerListener that records every event for a test to wait on. */
class Recorder implements PeerListener {

    record Received(PeerConnection from, PeerMessage message) {
    }

    record Dropped(String identity, PeerMessage message) {
    }

    final BlockingQueue<PeerConnection> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<PeerConnection> disconnected = new LinkedBlockingQueue<>();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Dropped> dropped = new LinkedBlockingQueue<>();

    @Override
    public void connected(PeerConnection connection) {
        connected.add(connection);
    }

    @Override
    public void disconnected(PeerConnection connection) {
        disconnected.add(connection);
    }

    @Override
    public void received(PeerConnection from, PeerMessage message) {
        received.add(new Received(from, message));
    }

    @Override
    public void dropped(String identity, PeerMessage message) {
        dropped.add(new Dropped(identity, message));
    }

    static <T> T next(BlockingQueue<T> events) throws InterruptedException {
        T event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull("no event within 10 s", event);
        return event;
    }
}
