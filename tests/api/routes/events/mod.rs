mod agenda;
mod auto_schedule;
mod exports;
mod registrations;
mod slots;
mod waitlist;
