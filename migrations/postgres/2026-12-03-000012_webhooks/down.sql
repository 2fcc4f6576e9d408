DROP INDEX outbox_webhook_order;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
