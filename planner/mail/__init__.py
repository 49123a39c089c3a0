"""Mail: render templates, queue them in the outbox, deliver them after commit."""
