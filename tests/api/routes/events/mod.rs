mod agenda;
mod auto_schedule;
mod registrations;
mod slots;
