/** A model reply that is not a usable action. The message is short and meant to be sent back to the model. */
export class ModelReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelReplyError';
  }
}
