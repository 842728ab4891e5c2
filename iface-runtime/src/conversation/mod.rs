//! Conversations: the remote units that share one state (seed 000).

use core::marker::PhantomData;

/// A group of remote units that share one state.
#[derive(Debug)]
pub struct Conversation<'h> {
    hook: PhantomData<&'h mut ()>,
}
