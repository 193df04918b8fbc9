package dev.patchbay.api.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * On a {@code @Component} that provides a store ({@link MessageStore}, or the HTTP queue's
 * {@code QueueStore}): its {@value MessageStore#NAME_PROPERTY} service property, typed, which
 * configurations select stores by ({@code store.target = (patchbay.store=sqlite)}).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StoreService {

    String PREFIX_ = "patchbay.";

    /** The store's name ({@code sqlite}, {@code memory}, {@code postgresql}, ...). */
    String store();
}
