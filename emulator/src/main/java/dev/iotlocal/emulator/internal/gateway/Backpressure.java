package dev.iotlocal.emulator.internal.gateway;

import io.netty.channel.Channel;

/**
 * The flow control of a relay between two channels, the same in both directions: the source is not read while the
 * destination's outbound buffer is over its high-water mark, and is read again once the destination has drained
 * below its low-water mark. Both channels of a WSS connection share one event loop, so a flush can drain the
 * destination, and fire its writability change, before the call that started it returns: reading is therefore
 * switched off <em>before</em> that flush, never after it, or the change that switched it back on would be
 * overwritten and the source never read again.
 */
final class Backpressure {

    private Backpressure() {}

    /** Writes to the destination; when that fills it, stops reading the source and flushes. */
    static void write(Channel destination, Object message, Channel source) {
        destination.write(message);
        if (!destination.isWritable()) {
            source.config().setAutoRead(false);
            destination.flush();
        }
    }

    /** The destination's writability changed: read the source exactly while the destination takes more. */
    static void writabilityChanged(Channel destination, Channel source) {
        source.config().setAutoRead(destination.isWritable());
    }
}
