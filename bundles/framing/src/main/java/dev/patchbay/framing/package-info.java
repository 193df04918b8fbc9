/**
 * Frame codecs. Inside OSGi they are used through the {@link dev.patchbay.api.transport.Framing}
 * services this bundle registers, so the package is not exported; plain Java applications that
 * embed Patchbay's protocols use the classes from the jar.
 */
package dev.patchbay.framing;
