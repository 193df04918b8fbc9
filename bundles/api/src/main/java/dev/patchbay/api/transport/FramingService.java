package dev.patchbay.api.transport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * On a {@code @Component} that provides a {@link Framing}: its {@value Framing#NAME_PROPERTY}
 * service property, typed, instead of a {@code property = "patchbay.framing=..."} string.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FramingService {

    String PREFIX_ = "patchbay.";

    /** The wire format protocols select it by ({@code uint32-length}, {@code eom-delimiter}, ...). */
    String framing();
}
