/** The node's rooms: {@link dev.patchbay.broker.RoomBroker}, registered as the Broker service. */
package dev.patchbay.broker;
