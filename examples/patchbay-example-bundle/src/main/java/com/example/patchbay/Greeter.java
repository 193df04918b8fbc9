package com.example.patchbay;

import org.osgi.service.component.annotations.Component;

/**
 * An RPC object: while this component is active, snakeMQ peers (Python's
 * {@code snakemq.rpc.RpcClient}, or Patchbay's {@code SnakeMqRpc}) call it as {@code greeter} on
 * the node's peer: {@code proxy.greet("Ada")}, or {@code proxy.greet(name="Ada")} (keyword
 * arguments need the parameter names this project compiles in).
 */
@Component(service = Greeter.class, property = "patchbay.rpc.name=greeter")
public final class Greeter {

    public String greet(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("whom should I greet?"); // ValueError in Python
        }
        return "Hello, " + name + "!";
    }
}
