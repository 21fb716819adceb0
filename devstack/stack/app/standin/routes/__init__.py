"""The API's route modules, one per area of the contract's §6."""
