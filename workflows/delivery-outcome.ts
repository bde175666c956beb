/** What the workflows report about failed delivery attempts (the /metrics counter). */

/** Counts delivery failures (prom-client's Counter fits); reason is the delivery's reason, queue the queue's name. */
export interface DeliveryErrorCounter {
  inc(labels: { reason: string; queue: string }): void;
}
