package dev.patchbay.transport.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native epoll where Netty's epoll classes and its Linux library are installed, else Java NIO.
 * Epoll saves system calls per connection, which matters for protocols (TPP) that open one
 * connection per request.
 */
record IoFlavor(String name, IoHandlerFactory handlerFactory, Class<? extends ServerChannel> serverChannel,
                Class<? extends SocketChannel> socketChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(IoFlavor.class);

    static IoFlavor best(boolean allowNative) {
        if (allowNative) {
            try {
                if (io.netty.channel.epoll.Epoll.isAvailable()) {
                    return new IoFlavor("epoll", io.netty.channel.epoll.EpollIoHandler.newFactory(),
                            io.netty.channel.epoll.EpollServerSocketChannel.class,
                            io.netty.channel.epoll.EpollSocketChannel.class);
                }
                LOG.info("native epoll unavailable ({}); using Java NIO",
                        io.netty.channel.epoll.Epoll.unavailabilityCause().getMessage());
            } catch (NoClassDefFoundError | UnsatisfiedLinkError missing) {
                LOG.info("native epoll not installed; using Java NIO");
            }
        }
        return new IoFlavor("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
