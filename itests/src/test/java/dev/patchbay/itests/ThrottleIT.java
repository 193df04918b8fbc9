package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.patchbay.api.throttle.Throttle;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.InputStream;
import java.net.Socket;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The throttle bundle drives the transport through the service registry: a configuration change
 * reaches connections that are already open.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThrottleIT {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    @Inject
    private Transport transport;

    @Configuration
    public Option[] config() {
        return options(PatchbayOptions.core(),
                mavenBundle("dev.patchbay", "patchbay-throttle").versionAsInProject());
    }

    @Test
    public void aLimitConfiguredWhileAConnectionIsOpenSlowsItDownAndLiftingItSpeedsItUp() throws Exception {
        byte[] chunk = new byte[16 * 1024];
        // An endpoint that streams to each client until the client goes away.
        Endpoint endpoint = transport.listen(new EndpointSpec("stream", "127.0.0.1", 0, null), channel ->
                channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        writeMore(ctx);
                    }

                    private void writeMore(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(chunk)).addListener((ChannelFutureListener) done -> {
                            if (done.isSuccess()) {
                                writeMore(ctx);
                            }
                        });
                    }
                }));
        try (Socket socket = new Socket("127.0.0.1", endpoint.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            assertTrue("unthrottled at first", rate(in, 500) > 1_000_000);

            configure("endpoint.stream.write.bytes.per.second", "50000");
            awaitLimit(50_000);
            rate(in, 1500); // what was already under way
            double limited = rate(in, 2000);
            assertTrue("with a 50 kB/s limit: " + Math.round(limited) + " B/s", limited < 50_000 * 1.25);

            configure("endpoint.stream.write.bytes.per.second", "0");
            awaitLimit(0);
            assertTrue("after lifting the limit", rate(in, 1000) > 1_000_000);
        } finally {
            endpoint.close();
        }
    }

    private void configure(String key, String value) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        configurationAdmin.getConfiguration("dev.patchbay.throttle", null).update(properties);
    }

    private void awaitLimit(long writeBytesPerSecond) throws Exception {
        ServiceTracker<Throttle, Throttle> tracker = new ServiceTracker<>(bundleContext, Throttle.class, null);
        tracker.open();
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                Throttle throttle = tracker.waitForService(1000);
                if (throttle != null && throttle.limitFor("stream").writeBytesPerSecond() == writeBytesPerSecond) {
                    Thread.sleep(200); // the transport hears of it through the same service event
                    return;
                }
                Thread.sleep(20);
            }
            assertNotNull("the throttle never took " + writeBytesPerSecond, null);
        } finally {
            tracker.close();
        }
    }

    /** Bytes per second read from the stream over {@code millis}. */
    private static double rate(InputStream in, long millis) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        long start = System.nanoTime();
        long total = 0;
        while (System.nanoTime() - start < millis * 1_000_000L) {
            int read = in.read(buffer);
            assertEquals(true, read > 0);
            total += read;
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }
}
