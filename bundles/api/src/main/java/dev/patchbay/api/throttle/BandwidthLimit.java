package dev.patchbay.api.throttle;

/**
 * Per-connection byte rates; {@code 0} means unlimited in that direction.
 */
public record BandwidthLimit(long readBytesPerSecond, long writeBytesPerSecond) {

    public static final BandwidthLimit UNLIMITED = new BandwidthLimit(0, 0);

    public BandwidthLimit {
        if (readBytesPerSecond < 0 || writeBytesPerSecond < 0) {
            throw new IllegalArgumentException("byte rates must be >= 0 (0 = unlimited)");
        }
    }

    public boolean isUnlimited() {
        return readBytesPerSecond == 0 && writeBytesPerSecond == 0;
    }
}
