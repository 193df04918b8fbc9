package dev.patchbay.itests.calc;

/** A plain object a runtime-installed bundle exports for remote calls. */
public final class CalcService {

    public long add(long a, long b) {
        return a + b;
    }
}
