export { presentSettings, presentUser } from "./present-user.js";
export { findUserByEmail, findUserById, insertUser, updateUser } from "./user-repository.js";
